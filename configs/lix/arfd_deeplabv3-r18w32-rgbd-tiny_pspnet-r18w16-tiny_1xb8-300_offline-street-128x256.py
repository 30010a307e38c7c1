# ARFD only (student aligner + Laplace recalibration + pixel-Gram CKA to the raw teacher map):
# tiny RGB-D -> RGB pair. Table V's grid: set kernel in {laplace, gaussian, linear, none} and
# consistency in {pixel_cka, cka, cosine, pearson, euclidean} on both loss entries (all but
# pixel_cka need the teacher-side aligners and mapping of arfd-channel_*).
_base_ = ['_base_/lix_tiny.py']
model = dict(distiller=dict(
    _base_.arfd_only, _delete_=True, type='LabelAwareDistiller',
    connectors=_base_.arfd_connectors, distill_losses=_base_.arfd_tiny))
