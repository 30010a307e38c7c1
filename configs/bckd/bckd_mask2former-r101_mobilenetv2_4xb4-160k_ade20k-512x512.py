# BCKD, Table II pair: Mask2Former-R101 -> PSPNet-MobileNetV2-d8 on ADE20K. The teacher runs only
# extract_feat (FeatureTeacherDistill): BCKD reads its backbone stages, not its queries.
# Supply the teacher checkpoint at checkpoints/mask2former_r101_ade20k.pth.
_base_ = ['mmseg::mobilenet_v2/mobilenet-v2-d8_pspnet_4xb4-160k_ade20k-512x512.py',
          './_base_/bckd_pairs.py']
model = dict(_base_.feature_teacher, **_base_.teachers['mask2former_r101_ade20k'],
             architecture=_base_.model, distiller=_base_.feature_distillers['mobilenetv2-d8'])
val_cfg = _base_.distill_val_cfg
