# ARFD only (student aligner + Laplace recalibration + pixel-Gram CKA to the raw teacher map):
# SNE-RoadSeg-like RGB-D teacher -> RGB student on KITTI Semantics (Table II).
# Table V's grid: set kernel in {laplace, gaussian, linear, none} and consistency in
# {pixel_cka, cka, cosine, pearson, euclidean} on both loss entries (all but pixel_cka need
# teacher-side aligners align_t3 / align_t4 and `arfd_channel_mapping`, see lix_pair.py).
_base_ = ['./lix_sne-roadseg-r152-rgbd_sne-roadseg-r152_1xb3-80k_kitti-semantics-384x1248.py']
model = dict(distiller=dict(
    _delete_=True, type='LabelAwareDistiller', **_base_.arfd_only,
    connectors=_base_.model.distiller.connectors))
