# HeteroAKD, CNN teacher -> Transformer student (tiny pair, offline street data).
# Projects the last backbone stage of both (teacher ResNet-18w32 stage 4: 256 ch at 1/8; student
# MiT-w16 stage 4: 128 ch at 1/32)
# into the 10-class logits space; the KD terms start after a 50-iteration GT-only warm-up.
_base_ = [
    '../tiny/segformer_mit-w16-tiny_1xb8-300_offline-street-128x256.py',
    './_base_/heteroakd_logits.py'
]
custom_imports = dict(imports=['mmkd_ext'], allow_failed_imports=False)

teacher_cfg = 'mmkd_ext::tiny/deeplabv3_r18-w32-tiny_1xb8-300_offline-street-128x256.py'
teacher_ckpt = 'work_dirs/deeplabv3_r18-w32-tiny_1xb8-300_offline-street-128x256/iter_300.pth'

distiller = _base_.heteroakd_distiller
distiller.connectors.proj_S.update(in_channels=128, num_classes=10)
distiller.connectors.proj_T.update(in_channels=256, num_classes=10)
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
