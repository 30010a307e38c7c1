# HeteroAKD, Transformer teacher -> CNN student (tiny pair, offline street data).
# Projects teacher MiT-w32 stage 2 (64 ch at 1/8: 16x32 at 128x256; its stage 4 would be a 4x8
# map, which cannot represent the scene) and student ResNet-18w16 stage 4 (128 ch at 1/8)
# into the 10-class logits space; the KD terms start after a 50-iteration GT-only warm-up.
_base_ = [
    '../tiny/pspnet_r18-w16-tiny_1xb8-300_offline-street-128x256.py',
    './_base_/heteroakd_distiller.py'
]

distiller = _base_.heteroakd_distiller
stage_T = dict(_base_.heteroakd_stage_T, data_idx=1)  # MiT stage 2 (1/8)
model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FrozenTeacherDistill',
    architecture=_base_.model,
    teacher=dict(
        cfg_path='mmkd_ext::tiny/segformer_mit-w32-tiny_1xb8-300_offline-street-128x256.py',
        pretrained=False),
    teacher_ckpt='work_dirs/segformer_mit-w32-tiny_1xb8-300_offline-street-128x256/iter_300.pth',
    distiller=dict(
        distiller,
        connectors=dict(
            proj_S=dict(type='LogitSpaceProjector', in_channels=128, num_classes=10),
            proj_T=dict(type='LogitSpaceProjector', in_channels=64, num_classes=10)),
        # loss_hetero weight from the step-0 gradient rule (about 1x the student's CE
        # gradient): with the trained benchmark teacher (75.18 mIoU) weight 4 gives 1.12x
        # (tools/analysis_tools/loss_scale_report.py --calibrate-to loss_hetero=1 suggests
        # 3.6; 4 was chosen with a random teacher, 0.27x at weight 1, and kept)
        distill_losses=dict(distiller.distill_losses, loss_hetero=dict(
            distiller.distill_losses.loss_hetero, loss_weight=4.0)),
        loss_forward_mappings=dict(
            distiller.loss_forward_mappings,
            loss_hetero=dict(distiller.loss_forward_mappings.loss_hetero, preds_T=stage_T),
            loss_proj_T=dict(distiller.loss_forward_mappings.loss_proj_T, preds=stage_T))))
custom_hooks = [dict(_base_.custom_hooks[0], warmup_iters=50)]
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
