# Baseline distiller: plain pixel-wise logit KD (tau 1, weight 1) on the final logits, the
# teacher resized bilinearly to the student's grid, ignore_index masked.
kd_distiller = dict(
    _delete_=True,
    type='LabelAwareDistiller',
    student_recorders=dict(logits=dict(type='ModuleOutputs', source='decode_head.conv_seg')),
    teacher_recorders=dict(logits=dict(type='ModuleOutputs', source='decode_head.conv_seg')),
    distill_losses=dict(
        loss_kd=dict(type='MaskedPixelKLDivergence', tau=1.0, loss_weight=1.0)),
    loss_forward_mappings=dict(
        loss_kd=dict(
            preds_S=dict(from_student=True, recorder='logits'),
            preds_T=dict(from_student=False, recorder='logits'),
            gt_labels=dict(from_data='gt_sem_seg'))))
