# Baseline distillers on the final logits (a config picks one, e.g. distiller=_base_.kd_distiller):
# - kd_distiller: plain pixel-wise logit KD (tau 1, weight 1), the teacher resized bilinearly to
#   the student's grid, ignore_index masked;
# - cwd_distiller: channel-wise distillation (MMRazor's CWD, tau 1, weight 5 as in MMRazor's
#   Cityscapes config), the teacher resized to the student's grid.
baseline_logits = dict(type='ModuleOutputs', source='decode_head.conv_seg')
baseline_logit_pair = dict(preds_S=dict(from_student=True, recorder='logits'),
                           preds_T=dict(from_student=False, recorder='logits'))
kd_distiller = dict(
    _delete_=True,
    type='LabelAwareDistiller',
    student_recorders=dict(logits=baseline_logits),
    teacher_recorders=dict(logits=baseline_logits),
    distill_losses=dict(
        loss_kd=dict(type='MaskedPixelKLDivergence', tau=1.0, loss_weight=1.0)),
    loss_forward_mappings=dict(
        loss_kd=dict(**baseline_logit_pair, gt_labels=dict(from_data='gt_sem_seg'))))
cwd_distiller = dict(
    kd_distiller,
    distill_losses=dict(
        loss_cwd=dict(type='ResizedChannelWiseDivergence', tau=1, loss_weight=5)),
    loss_forward_mappings=dict(loss_cwd=baseline_logit_pair))
