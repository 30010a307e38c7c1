# BCKD (boundary + context distillation, linear weight decay r(t)), tiny CNN pair,
# offline street data. The teacher checkpoint comes from training the teacher config.
_base_ = ['../tiny/pspnet_r18-w16-tiny_1xb8-300_offline-street-128x256.py']
custom_imports = dict(imports=['mmkd_ext'], allow_failed_imports=False)

teacher_cfg = 'mmkd_ext::tiny/deeplabv3_r18-w32-tiny_1xb8-300_offline-street-128x256.py'
teacher_ckpt = 'work_dirs/deeplabv3_r18-w32-tiny_1xb8-300_offline-street-128x256/iter_300.pth'

# fusion outputs: index 0 the fused map F^c, index 1 the boundary embedding
fused_S = dict(from_student=True, recorder='stages', connector='fusion_S')
fused_T = dict(from_student=False, recorder='stages', connector='fusion_T')

model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FrozenTeacherDistill',
    architecture=_base_.model,
    teacher=dict(cfg_path=teacher_cfg, pretrained=False),
    teacher_ckpt=teacher_ckpt,
    distiller=dict(
        type='LabelAwareDistiller',
        student_recorders=dict(stages=dict(type='ModuleOutputs', source='backbone')),
        teacher_recorders=dict(stages=dict(type='ModuleOutputs', source='backbone')),
        connectors=dict(
            fusion_S=dict(type='BCKDFusionConnector', in_channels=[16, 32, 64, 128]),
            fusion_T=dict(type='BCKDFusionConnector', in_channels=[32, 64, 128, 256],
                          frozen=True)),
        distill_losses=dict(
            loss_bd=dict(type='BCKDBoundaryLoss', loss_weight=10.0),
            loss_cd=dict(type='BCKDContextLoss', loss_weight=50.0)),
        loss_forward_mappings=dict(
            loss_bd=dict(embed_S=dict(**fused_S, connector_idx=1),
                         embed_T=dict(**fused_T, connector_idx=1)),
            loss_cd=dict(feats_S=dict(**fused_S, connector_idx=0),
                         feats_T=dict(**fused_T, connector_idx=0)))))

# r(t) = 1 - (t - 1) / t_max per iteration (Eq. 7)
custom_hooks = [dict(type='mmrazor.DistillWeightScheduleHook', decay='linear')]
find_unused_parameters = True
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
