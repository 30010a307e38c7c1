# ARFD only (aligner + Laplace recalibration + CKA), tiny RGB-D -> RGB pair.
# Table V's grid: set kernel in {laplace, gaussian, linear, none} and consistency in
# {cka, cosine, pearson, euclidean} on both loss entries.
_base_ = ['_base_/lix_tiny.py']
model = dict(distiller=dict(
    _delete_=True,
    type='LabelAwareDistiller',
    student_recorders=_base_.arfd_student_recorders,
    teacher_recorders=_base_.arfd_teacher_recorders,
    connectors=_base_.arfd_connectors,
    distill_losses=_base_.arfd,
    loss_forward_mappings=_base_.arfd_mapping))
