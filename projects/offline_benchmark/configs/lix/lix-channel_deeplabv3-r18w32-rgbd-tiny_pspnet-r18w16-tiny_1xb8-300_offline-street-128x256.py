# LIX with the C x C reading of ARFD's CKA (Gram over the channels) and a detached, random
# teacher-side aligner, lambda_F 1: LIX as first fixed (2026-12-05). Tiny RGB-D -> RGB pair.
_base_ = ['../../../../configs/lix/lix_deeplabv3-r18w32-rgbd-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py']
model = dict(distiller=dict(
    connectors=_base_.arfd_teacher_aligners,
    distill_losses=_base_.arfd_channel,
    loss_forward_mappings=_base_.arfd_channel_mapping))
