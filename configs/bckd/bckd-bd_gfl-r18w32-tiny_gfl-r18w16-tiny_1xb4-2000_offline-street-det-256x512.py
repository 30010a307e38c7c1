# BCKD Table I row on the tiny GFL pair: L_BD only, no weight decay (as the segmentation rows).
_base_ = ['./bckd_gfl-r18w32-tiny_gfl-r18w16-tiny_1xb4-2000_offline-street-det-256x512.py']
model = dict(distiller=dict(
    distill_losses=dict(
        _delete_=True, loss_bd=_base_.model.distiller.distill_losses.loss_bd),
    loss_forward_mappings=dict(
        _delete_=True, loss_bd=_base_.model.distiller.loss_forward_mappings.loss_bd)))
custom_hooks = []
