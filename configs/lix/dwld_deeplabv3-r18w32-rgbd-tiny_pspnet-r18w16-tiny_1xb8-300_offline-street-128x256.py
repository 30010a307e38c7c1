# DWLD only (dynamic NCLD weights): tiny RGB-D -> RGB pair.
_base_ = ['_base_/lix_tiny.py']
model = dict(distiller=dict(
    _delete_=True, type='LabelAwareDistiller', **_base_.dwld_only,
    distill_losses=dict(loss_dwld=_base_.model.distiller.distill_losses.loss_dwld)))
