# ARFD only with the C x C reading of its CKA (Gram over the channels): a teacher-side
# Eq. (12) aligner too, detached (a fixed random map), lambda_F 1. Tiny RGB-D -> RGB pair.
_base_ = ['../../../../configs/lix/_base_/lix_tiny.py']
model = dict(distiller=dict(
    _base_.arfd_only, _delete_=True, type='LabelAwareDistiller',
    connectors=dict(**_base_.arfd_connectors, **_base_.arfd_teacher_aligners),
    distill_losses=_base_.arfd_channel, loss_forward_mappings=_base_.arfd_channel_mapping))
