# ARFD with the C x C reading and a learning teacher aligner (guarded by pixel CKA to the raw
# teacher map), tiny RGB-D -> RGB pair.
_base_ = ['./arfd-channel_deeplabv3-r18w32-rgbd-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py']
model = dict(distiller=dict(distill_losses=_base_.arfd_learned_teacher,
                            loss_forward_mappings=_base_.arfd_learned_teacher_mapping))
