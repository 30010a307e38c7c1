# Baseline distiller: channel-wise distillation on the final logits (MMRazor's CWD, tau 1,
# weight 5 as in MMRazor's Cityscapes config), the teacher resized to the student's grid.
cwd_distiller = dict(
    _delete_=True,
    type='LabelAwareDistiller',
    student_recorders=dict(logits=dict(type='ModuleOutputs', source='decode_head.conv_seg')),
    teacher_recorders=dict(logits=dict(type='ModuleOutputs', source='decode_head.conv_seg')),
    distill_losses=dict(
        loss_cwd=dict(type='ResizedChannelWiseDivergence', tau=1, loss_weight=5)),
    loss_forward_mappings=dict(
        loss_cwd=dict(
            preds_S=dict(from_student=True, recorder='logits'),
            preds_T=dict(from_student=False, recorder='logits'))))
