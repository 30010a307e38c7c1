# The LIX wrapper of the paper-scale pairs (Eq. 18): CrossModalDistill over the RGB student,
# DWLD on the logits and ARFD on stages 3 / 4. A pair base (lix_<student>.py) adds the
# student and its ARFD aligners; a leaf adds what depends on the dataset: the RGB-X data
# preprocessor, num_classes (student head and DWLD) and the teacher.
_base_ = ['lix_pair.py']
lix_model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='CrossModalDistill',
    img_channels=3,
    teacher=dict(pretrained=False),
    distiller=dict(
        type='LabelAwareDistiller',
        student_recorders=dict(logits=_base_.logits, **_base_.arfd_student_recorders),
        teacher_recorders=dict(logits=_base_.logits, **_base_.arfd_teacher_recorders),
        distill_losses=dict(
            loss_dwld=dict(type='DWLDLoss', tau=1.0, alpha=1.0, loss_weight=_base_.lambda_l),
            **_base_.arfd),
        loss_forward_mappings=dict(**_base_.dwld_mapping, **_base_.arfd_mapping)))
find_unused_parameters = True
