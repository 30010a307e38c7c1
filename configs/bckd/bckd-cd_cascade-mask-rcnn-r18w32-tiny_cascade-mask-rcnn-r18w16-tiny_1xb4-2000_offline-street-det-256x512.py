# BCKD Table I row on the tiny Cascade Mask R-CNN pair: L_CD only, no weight decay (as the
# segmentation rows).
_base_ = ['./bckd_cascade-mask-rcnn-r18w32-tiny_cascade-mask-rcnn-r18w16-tiny_'
          '1xb4-2000_offline-street-det-256x512.py']
model = dict(distiller=dict(
    distill_losses=dict(
        _delete_=True, loss_cd=_base_.model.distiller.distill_losses.loss_cd),
    loss_forward_mappings=dict(
        _delete_=True, loss_cd=_base_.model.distiller.loss_forward_mappings.loss_cd)))
custom_hooks = []
