# BCKD on the tiny RetinaNet pair, offline detection scenes: L_BD + L_CD on the five FPN
# levels (P3-P7, 64 channels) fused onto P3, the teacher run to its FPN only. The teacher
# checkpoint comes from training the teacher config.
_base_ = ['../tiny/retinanet_r18-w16-tiny_1xb4-2000_offline-street-det-256x512.py',
          './_base_/bckd_pairs.py']
teacher_cfg = 'mmkd_ext::tiny/retinanet_r18-w32-tiny_1xb4-2000_offline-street-det-256x512.py'
fpn = _base_.fpn_distillers['p3-p7']
model = dict(
    _base_.feature_teacher,
    teacher=dict(cfg_path=teacher_cfg, pretrained=False),
    teacher_ckpt=f'work_dirs/{teacher_cfg[15:-3]}/iter_2000.pth',
    architecture=_base_.model,
    distiller=dict(fpn, connectors=dict(
        fpn.connectors, fusion_S=dict(fpn.connectors.fusion_S, in_channels=[64] * 5))))
val_cfg = _base_.distill_val_cfg
