# BCKD, Table V: GFL-R101 -> GFL-R50 (multi-scale 2x schedule) on COCO, L_BD + L_CD on the
# fused FPN levels. Supply the teacher checkpoint (mmdet's GFL-R101 ms-2x weights) at
# checkpoints/gfl_r101_fpn_ms-2x_coco.pth.
_base_ = ['mmdet::gfl/gfl_r50_fpn_ms-2x_coco.py', './_base_/bckd_fpn_distiller.py']

model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FeatureTeacherDistill',
    architecture=_base_.model,
    teacher=dict(cfg_path='mmdet::gfl/gfl_r101_fpn_ms-2x_coco.py', pretrained=False),
    teacher_ckpt='checkpoints/gfl_r101_fpn_ms-2x_coco.pth',
    distiller=dict(_base_.bckd_fpn_distiller, connectors=_base_.fpn_fusion))
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
