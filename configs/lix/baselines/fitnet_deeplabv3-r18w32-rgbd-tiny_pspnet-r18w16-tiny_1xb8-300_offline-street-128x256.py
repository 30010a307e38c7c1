# Baseline row: FitNet hint on the last stage: student layer4 (128 ch) -> 1x1 conv + BN ->
# teacher's fused stage-4 map (256 ch), MMRazor's L2Loss, weight 10 as in MMRazor's FitNet
# configs.
_base_ = ['../_base_/lix_tiny.py']
model = dict(distiller=dict(
    _delete_=True,
    type='LabelAwareDistiller',
    student_recorders=dict(s4=_base_.arfd_student_recorders.s4),
    teacher_recorders=dict(s4=_base_.arfd_teacher_recorders.s4),
    connectors=dict(hint=dict(type='ConvModuleConnector', in_channel=128, out_channel=256,
                              act_cfg=None)),
    distill_losses=dict(loss_fitnet=dict(type='L2Loss', loss_weight=10.0)),
    loss_forward_mappings=dict(loss_fitnet=dict(
        s_feature=dict(from_student=True, recorder='s4', connector='hint'),
        t_feature=dict(from_student=False, recorder='s4')))))
