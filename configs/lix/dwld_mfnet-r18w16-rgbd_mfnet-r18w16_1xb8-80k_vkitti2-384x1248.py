# DWLD only (dynamic NCLD weights): MFNet-like RGB-D teacher -> RGB student on vKITTI2 (Table I).
_base_ = ['./lix_mfnet-r18w16-rgbd_mfnet-r18w16_1xb8-80k_vkitti2-384x1248.py']
model = dict(distiller=dict(
    _delete_=True, type='LabelAwareDistiller', **_base_.dwld_only,
    distill_losses=dict(loss_dwld=_base_.model.distiller.distill_losses.loss_dwld)))
