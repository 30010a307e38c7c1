# HeteroAKD, CNN teacher -> Transformer student (tiny pair, offline street data).
# Projects teacher ResNet-18w32 stage 4 (256 ch at 1/8) and student MiT-w16 stage 2 (32 ch at
# 1/8: 16x32 at 128x256; its stage 4 would be a 4x8 map, which cannot represent the scene)
# into the 10-class logits space; the KD terms start after a 50-iteration GT-only warm-up.
_base_ = [
    '../tiny/segformer_mit-w16-tiny_1xb8-300_offline-street-128x256.py',
    './_base_/heteroakd_logits.py'
]
custom_imports = dict(imports=['mmkd_ext'], allow_failed_imports=False)

teacher_cfg = 'mmkd_ext::tiny/deeplabv3_r18-w32-tiny_1xb8-300_offline-street-128x256.py'
teacher_ckpt = 'work_dirs/deeplabv3_r18-w32-tiny_1xb8-300_offline-street-128x256/iter_300.pth'

distiller = _base_.heteroakd_distiller
stage_S = dict(_base_.heteroakd_stage_S, data_idx=1)
distiller.loss_forward_mappings.loss_hetero.preds_S = stage_S
distiller.loss_forward_mappings.loss_proj_S.preds = stage_S
distiller.connectors.proj_S.update(in_channels=32, num_classes=10)
distiller.connectors.proj_T.update(in_channels=256, num_classes=10)
# loss_hetero weight from the step-0 gradient rule (about 1x the student's CE gradient;
# measured with the trained benchmark teacher: tools/analysis_tools/loss_scale_report.py --calibrate-to loss_hetero=1)
distiller.distill_losses.loss_hetero.loss_weight = 15.0
model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FrozenTeacherDistill',
    architecture=_base_.model,
    teacher=dict(cfg_path=teacher_cfg, pretrained=False),
    teacher_ckpt=teacher_ckpt,
    distiller=distiller)

custom_hooks = _base_.heteroakd_hooks
custom_hooks[0].warmup_iters = 50
find_unused_parameters = True
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
