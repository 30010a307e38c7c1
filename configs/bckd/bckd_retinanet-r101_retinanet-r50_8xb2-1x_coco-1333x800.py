# BCKD, Table V: RetinaNet-R101 -> RetinaNet-R50 on COCO, L_BD + L_CD on the fused FPN
# levels. Supply the teacher checkpoint (mmdet's RetinaNet-R101 1x weights) at
# checkpoints/retinanet_r101_fpn_1x_coco.pth.
_base_ = ['mmdet::retinanet/retinanet_r50_fpn_1x_coco.py',
          './_base_/bckd_pairs.py']
model = dict(_base_.feature_teacher, **_base_.teachers['retinanet_r101_fpn_1x_coco'],
             architecture=_base_.model, distiller=_base_.fpn_distillers['p3-p7'])
val_cfg = _base_.distill_val_cfg
