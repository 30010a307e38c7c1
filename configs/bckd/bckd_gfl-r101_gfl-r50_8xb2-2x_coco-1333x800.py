# BCKD, Table V: GFL-R101 -> GFL-R50 (multi-scale 2x schedule) on COCO, L_BD + L_CD on the
# fused FPN levels. Supply the teacher checkpoint (mmdet's GFL-R101 ms-2x weights) at
# checkpoints/gfl_r101_fpn_ms-2x_coco.pth.
_base_ = ['mmdet::gfl/gfl_r50_fpn_ms-2x_coco.py',
          './_base_/bckd_pairs.py']
model = dict(_base_.feature_teacher, **_base_.teachers['gfl_r101_fpn_ms-2x_coco'],
             architecture=_base_.model, distiller=_base_.fpn_distillers['p3-p7'])
val_cfg = _base_.distill_val_cfg
