# BCKD, Table V: RetinaNet-R101 -> RetinaNet-R50 on COCO, L_BD + L_CD on the fused FPN
# levels. Supply the teacher checkpoint (mmdet's RetinaNet-R101 1x weights) at
# checkpoints/retinanet_r101_fpn_1x_coco.pth.
_base_ = ['mmdet::retinanet/retinanet_r50_fpn_1x_coco.py', './_base_/bckd_fpn_distiller.py']

model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FeatureTeacherDistill',
    architecture=_base_.model,
    teacher=dict(cfg_path='mmdet::retinanet/retinanet_r101_fpn_1x_coco.py', pretrained=False),
    teacher_ckpt='checkpoints/retinanet_r101_fpn_1x_coco.pth',
    distiller=dict(_base_.bckd_fpn_distiller, connectors=_base_.fpn_fusion))
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
