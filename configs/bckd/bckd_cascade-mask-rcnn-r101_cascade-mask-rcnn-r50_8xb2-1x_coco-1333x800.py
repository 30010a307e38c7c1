# BCKD, Table V (instance segmentation): Cascade Mask R-CNN R101 -> R50 on COCO. The FPN
# gives P2-P6, so the fused map is on P3 (index 1, stride 8). Supply the teacher checkpoint
# (mmdet's Cascade Mask R-CNN R101 1x weights) at checkpoints/cascade-mask-rcnn_r101_1x_coco.pth.
_base_ = ['mmdet::cascade_rcnn/cascade-mask-rcnn_r50_fpn_1x_coco.py',
          './_base_/bckd_pairs.py']
model = dict(_base_.feature_teacher, **_base_.teachers['cascade-mask-rcnn_r101_1x_coco'],
             architecture=_base_.model, distiller=_base_.fpn_distillers['p2-p6'])
val_cfg = _base_.distill_val_cfg
