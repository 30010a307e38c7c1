# BCKD, Table II/III pair: PSPNet-R101 -> PSPNet-R18 on Cityscapes (fused map 64x128: the
# 8192 x 8192 relations are computed in row chunks). Supply the teacher checkpoint
# (mmseg's PSPNet-R101 Cityscapes weights) at checkpoints/pspnet_r101-d8_cityscapes.pth.
_base_ = ['mmseg::pspnet/pspnet_r18-d8_4xb2-80k_cityscapes-512x1024.py']
custom_imports = dict(imports=['mmkd_ext'], allow_failed_imports=False)

teacher_cfg = 'mmseg::pspnet/pspnet_r101-d8_4xb2-80k_cityscapes-512x1024.py'
teacher_ckpt = 'checkpoints/pspnet_r101-d8_cityscapes.pth'
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
            fusion_S=dict(type='BCKDFusionConnector', in_channels=[64, 128, 256, 512]),
            fusion_T=dict(type='BCKDFusionConnector', in_channels=[256, 512, 1024, 2048],
                          frozen=True)),
        distill_losses=dict(
            loss_bd=dict(type='BCKDBoundaryLoss', loss_weight=10.0),
            loss_cd=dict(type='BCKDContextLoss', chunk_size=1024, loss_weight=50.0)),
        loss_forward_mappings=dict(
            loss_bd=dict(embed_S=dict(**fused_S, connector_idx=1),
                         embed_T=dict(**fused_T, connector_idx=1)),
            loss_cd=dict(feats_S=dict(**fused_S, connector_idx=0),
                         feats_T=dict(**fused_T, connector_idx=0)))))

custom_hooks = [dict(type='mmrazor.DistillWeightScheduleHook', decay='linear')]
find_unused_parameters = True
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
