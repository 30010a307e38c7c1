# HeteroAKD, CNN teacher -> Transformer student (tiny pair, offline street data).
# Projects teacher ResNet-18w32 stage 4 (256 ch at 1/8) and student MiT-w16 stage 2 (32 ch at
# 1/8: 16x32 at 128x256; its stage 4 would be a 4x8 map, which cannot represent the scene)
# into the 10-class logits space; the KD terms start after a 50-iteration GT-only warm-up.
_base_ = [
    '../tiny/segformer_mit-w16-tiny_1xb8-300_offline-street-128x256.py',
    './_base_/heteroakd_distiller.py'
]

distiller = _base_.heteroakd_distiller
stage_S = dict(_base_.heteroakd_stage_S, data_idx=1)  # MiT stage 2 (1/8)
model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FrozenTeacherDistill',
    architecture=_base_.model,
    teacher=dict(
        cfg_path='mmkd_ext::tiny/deeplabv3_r18-w32-tiny_1xb8-300_offline-street-128x256.py',
        pretrained=False),
    teacher_ckpt='work_dirs/deeplabv3_r18-w32-tiny_1xb8-300_offline-street-128x256/iter_300.pth',
    distiller=dict(
        distiller,
        connectors=dict(
            proj_S=dict(type='LogitSpaceProjector', in_channels=32, num_classes=10),
            proj_T=dict(type='LogitSpaceProjector', in_channels=256, num_classes=10)),
        # loss_hetero weight from the step-0 gradient rule (about 1x the student's CE
        # gradient, measured with the trained benchmark teacher by
        # tools/analysis_tools/loss_scale_report.py --calibrate-to loss_hetero=1)
        distill_losses=dict(distiller.distill_losses, loss_hetero=dict(
            distiller.distill_losses.loss_hetero, loss_weight=15.0)),
        loss_forward_mappings=dict(
            distiller.loss_forward_mappings,
            loss_hetero=dict(distiller.loss_forward_mappings.loss_hetero, preds_S=stage_S),
            loss_proj_S=dict(distiller.loss_forward_mappings.loss_proj_S, preds=stage_S))))
custom_hooks = [dict(_base_.custom_hooks[0], warmup_iters=50)]
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
