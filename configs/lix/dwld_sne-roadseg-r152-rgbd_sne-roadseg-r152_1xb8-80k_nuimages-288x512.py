# DWLD only (dynamic NCLD weights):
# SNE-RoadSeg-like RGB-D teacher -> RGB student on nuImages (Table III).
_base_ = ['./lix_sne-roadseg-r152-rgbd_sne-roadseg-r152_1xb8-80k_nuimages-288x512.py']
model = dict(distiller=dict(
    _delete_=True, type='LabelAwareDistiller', **_base_.dwld_only,
    distill_losses=dict(loss_dwld=_base_.model.distiller.distill_losses.loss_dwld)))
