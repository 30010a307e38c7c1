# ARFD only (aligner + Laplace recalibration + CKA):
# SNE-RoadSeg-like RGB-D teacher -> RGB student on KITTI Semantics (Table II).
# Table V's grid: set kernel in {laplace, gaussian, linear, none} and consistency in
# {cka, cosine, pearson, euclidean} on both loss entries.
_base_ = ['./lix_sne-roadseg-r152-rgbd_sne-roadseg-r152_1xb3-80k_kitti-semantics-384x1248.py']
model = dict(distiller=dict(
    _delete_=True, type='LabelAwareDistiller', **_base_.arfd_only,
    connectors=_base_.model.distiller.connectors))
