# BCKD, Table V (instance segmentation): Cascade Mask R-CNN R101 -> R50 on COCO. The FPN
# gives P2-P6, so the fused map is on P3 (index 1, stride 8). Supply the teacher checkpoint
# (mmdet's Cascade Mask R-CNN R101 1x weights) at checkpoints/cascade-mask-rcnn_r101_1x_coco.pth.
_base_ = ['mmdet::cascade_rcnn/cascade-mask-rcnn_r50_fpn_1x_coco.py',
          './_base_/bckd_fpn_distiller.py']

model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='FeatureTeacherDistill',
    architecture=_base_.model,
    teacher=dict(cfg_path='mmdet::cascade_rcnn/cascade-mask-rcnn_r101_fpn_1x_coco.py',
                 pretrained=False),
    teacher_ckpt='checkpoints/cascade-mask-rcnn_r101_1x_coco.pth',
    distiller=dict(_base_.bckd_fpn_distiller, connectors=dict(
        fusion_S=dict(_base_.fpn_fusion.fusion_S, target_stage=1),
        fusion_T=dict(_base_.fpn_fusion.fusion_T, target_stage=1))))
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')
