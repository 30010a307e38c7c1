# BCKD composed with channel-wise distillation on the logits (as Table III composes BCKD with
# IFVD / TAT): L_BD + L_CD + L_CWD; r(t) decays the BCKD terms only.
_base_ = ['./bckd_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py']
logits = dict(logits=dict(type='ModuleOutputs', source='decode_head.conv_seg'))
model = dict(distiller=dict(
    student_recorders=logits,
    teacher_recorders=logits,
    distill_losses=dict(loss_cwd=dict(type='ChannelWiseDivergence', tau=1, loss_weight=5)),
    loss_forward_mappings=dict(loss_cwd=dict(
        preds_S=dict(from_student=True, recorder='logits'),
        preds_T=dict(from_student=False, recorder='logits')))))
custom_hooks = [dict(type='mmrazor.DistillWeightScheduleHook', decay='linear',
                     loss_names=['loss_bd', 'loss_cd'])]
