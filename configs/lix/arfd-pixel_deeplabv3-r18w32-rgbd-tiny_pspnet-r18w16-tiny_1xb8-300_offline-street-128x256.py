# ARFD with CKA over the pixel Gram matrices (which pixels look alike) against the raw,
# recorded teacher map: the teacher side is the fused RGB-D feature itself (no aligner, nothing
# learnt or random on the teacher side); the student keeps its aligners. Tiny RGB-D -> RGB pair.
# lambda_F 1.3: the two terms pull 0.34x and 0.41x the student's CE gradient at 1 (trained
# RGB-D teacher, step 0), so together about 1x at 1.3 (the step-0 gradient rule).
_base_ = ['./arfd_deeplabv3-r18w32-rgbd-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py']
mapping = _base_.model.distiller.loss_forward_mappings
model = dict(distiller=dict(
    connectors=dict(_delete_=True, align_s3=_base_.arfd_connectors.align_s3,
                    align_s4=_base_.arfd_connectors.align_s4),
    distill_losses=dict(
        loss_arfd_s3=dict(consistency='pixel_cka', loss_weight=1.3),
        loss_arfd_s4=dict(consistency='pixel_cka', loss_weight=1.3)),
    loss_forward_mappings=dict(
        _delete_=True,
        loss_arfd_s3=dict(preds_S=mapping.loss_arfd_s3.preds_S,
                          preds_T=dict(from_student=False, recorder='s3')),
        loss_arfd_s4=dict(preds_S=mapping.loss_arfd_s4.preds_S,
                          preds_T=dict(from_student=False, recorder='s4')))))
