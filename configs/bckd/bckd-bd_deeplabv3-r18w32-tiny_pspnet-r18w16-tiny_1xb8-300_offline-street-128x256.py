# Table I ablation: L_BD only, no weight decay.
_base_ = ['./bckd_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py']
model = dict(distiller=dict(
    distill_losses=dict(
        _delete_=True, loss_bd=_base_.model.distiller.distill_losses.loss_bd),
    loss_forward_mappings=dict(
        _delete_=True, loss_bd=_base_.model.distiller.loss_forward_mappings.loss_bd)))
custom_hooks = []
