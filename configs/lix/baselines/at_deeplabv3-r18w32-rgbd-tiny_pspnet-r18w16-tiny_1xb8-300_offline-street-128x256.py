# Baseline row: attention transfer (MMRazor's ATLoss) on the stages ARFD uses: student
# layer3/4 against the teacher's fused stage-3/4 maps (all stride 8; AT is channel-free).
# Weight 1000, the beta of the AT paper.
_base_ = ['../_base_/lix_tiny.py']
at_mapping = {
    f'loss_at_{s}': dict(s_feature=dict(from_student=True, recorder=s),
                         t_feature=dict(from_student=False, recorder=s))
    for s in ('s3', 's4')}
model = dict(distiller=dict(
    _delete_=True,
    type='LabelAwareDistiller',
    student_recorders=_base_.arfd_student_recorders,
    teacher_recorders=_base_.arfd_teacher_recorders,
    distill_losses=dict(loss_at_s3=dict(type='ATLoss', loss_weight=1000.0),
                        loss_at_s4=dict(type='ATLoss', loss_weight=1000.0)),
    loss_forward_mappings=at_mapping))
