# DWLD only (dynamic NCLD weights):
# SNE-RoadSeg-like RGB-D teacher -> RGB student on vKITTI2 (Table I).
_base_ = ['./lix_sne-roadseg-r152-rgbd_sne-roadseg-r152_1xb3-80k_vkitti2-384x1248.py']
model = dict(distiller=dict(
    _delete_=True, type='LabelAwareDistiller', **_base_.dwld_only,
    distill_losses=dict(loss_dwld=_base_.model.distiller.distill_losses.loss_dwld)))
