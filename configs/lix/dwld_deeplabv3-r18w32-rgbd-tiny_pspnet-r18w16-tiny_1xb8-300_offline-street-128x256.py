# DWLD only (dynamic NCLD weights), tiny RGB-D -> RGB pair.
_base_ = ['_base_/lix_tiny.py']
model = dict(distiller=dict(
    _delete_=True,
    type='LabelAwareDistiller',
    student_recorders=dict(logits=_base_.logits),
    teacher_recorders=dict(logits=_base_.logits),
    distill_losses=_base_.dwld,
    loss_forward_mappings=_base_.dwld_mapping))
