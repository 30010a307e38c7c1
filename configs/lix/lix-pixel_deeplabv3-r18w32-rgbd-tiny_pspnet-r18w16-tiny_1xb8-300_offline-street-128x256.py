# LIX (DWLD + ARFD) with ARFD's CKA over the pixel Gram matrices against the raw, recorded
# teacher map (as arfd-pixel_*): no teacher-side aligner, lambda_F 1.3 from the step-0 gradient
# rule. DWLD as shipped (look-ahead controller). Tiny RGB-D -> RGB pair.
_base_ = ['./lix_deeplabv3-r18w32-rgbd-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py']
mapping = _base_.model.distiller.loss_forward_mappings
model = dict(distiller=dict(
    connectors=dict(_delete_=True, align_s3=_base_.arfd_connectors.align_s3,
                    align_s4=_base_.arfd_connectors.align_s4),
    distill_losses=dict(
        loss_arfd_s3=dict(consistency='pixel_cka', loss_weight=1.3),
        loss_arfd_s4=dict(consistency='pixel_cka', loss_weight=1.3)),
    loss_forward_mappings=dict(
        loss_arfd_s3=dict(_delete_=True, preds_S=mapping.loss_arfd_s3.preds_S,
                          preds_T=dict(from_student=False, recorder='s3')),
        loss_arfd_s4=dict(_delete_=True, preds_S=mapping.loss_arfd_s4.preds_S,
                          preds_T=dict(from_student=False, recorder='s4')))))
