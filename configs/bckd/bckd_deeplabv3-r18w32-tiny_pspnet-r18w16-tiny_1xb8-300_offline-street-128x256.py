# BCKD (boundary + context distillation, linear weight decay r(t) per iteration, Eq. 7), tiny
# CNN pair, offline street data. The teacher checkpoint comes from training the teacher config.
_base_ = ['../tiny/pspnet_r18-w16-tiny_1xb8-300_offline-street-128x256.py',
          './_base_/bckd_distiller.py']

teacher_cfg = 'mmkd_ext::tiny/deeplabv3_r18-w32-tiny_1xb8-300_offline-street-128x256.py'
teacher_ckpt = 'work_dirs/deeplabv3_r18-w32-tiny_1xb8-300_offline-street-128x256/iter_300.pth'

model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FrozenTeacherDistill',
    architecture=_base_.model,
    teacher=dict(cfg_path=teacher_cfg, pretrained=False),
    teacher_ckpt=teacher_ckpt,
    distiller=dict(_base_.bckd_distiller, connectors=dict(
        fusion_S=dict(type='BCKDFusionConnector', in_channels=[16, 32, 64, 128]),
        fusion_T=_base_.teacher_fusion)))
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
