# DWLD only (dynamic NCLD weights):
# SNE-RoadSeg-like RGB-D teacher -> RGB student on KITTI Semantics (Table II).
_base_ = ['./lix_sne-roadseg-r152-rgbd_sne-roadseg-r152_1xb3-80k_kitti-semantics-384x1248.py']
model = dict(distiller=dict(
    _delete_=True, type='LabelAwareDistiller', **_base_.dwld_only,
    distill_losses=dict(loss_dwld=_base_.model.distiller.distill_losses.loss_dwld)))
