# ARFD only (aligner + Laplace recalibration + CKA): tiny RGB-D -> RGB pair.
# Table V's grid: set kernel in {laplace, gaussian, linear, none} and consistency in
# {cka, cosine, pearson, euclidean} on both loss entries.
_base_ = ['_base_/lix_tiny.py']
model = dict(distiller=dict(
    _delete_=True, type='LabelAwareDistiller', **_base_.arfd_only,
    connectors=_base_.model.distiller.connectors))
