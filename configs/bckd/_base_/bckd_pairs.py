# BCKD's paper-scale pairs: each teacher (its config and the checkpoint the user
# supplies) and each student's fusion connector (its backbone's stage channels) written once.
# A leaf inherits the student config and this file and picks one of each:
#     model = dict(_base_.frozen_teacher, **_base_.teachers['pspnet_r101-d8_ade20k'],
#                  architecture=_base_.model, distiller=_base_.distillers['mobilenetv2-d8'])
#     val_cfg = _base_.distill_val_cfg
# Mask2Former teachers and detectors use feature_teacher (BCKD reads their backbone or FPN
# maps, not their queries or detection heads) with feature_distillers / fpn_distillers.
_base_ = ['./bckd_fpn_distiller.py', '../../_base_/distill_wrapper.py']
# each teacher, named after the checkpoint the user supplies at checkpoints/<name>.pth
teachers = {
    name: dict(teacher=dict(cfg_path=cfg_path, pretrained=False, **overrides),
               teacher_ckpt=f'checkpoints/{name}.pth')
    for name, cfg_path, overrides in [
        ('pspnet_r101-d8_ade20k', 'mmseg::pspnet/pspnet_r101-d8_4xb4-160k_ade20k-512x512.py', {}),
        ('pspnet_r101-d8_cityscapes',
         'mmseg::pspnet/pspnet_r101-d8_4xb2-80k_cityscapes-512x1024.py', {}),
        ('pspnet_r101-d8_voc12aug', 'mmseg::pspnet/pspnet_r101-d8_4xb4-20k_voc12aug-512x512.py',
         {}),
        # mmseg has no DeepLabV3+ COCO-Stuff config: its ADE20K model with 171 classes
        ('deeplabv3plus_r101-d8_coco-stuff10k',
         'mmseg::deeplabv3plus/deeplabv3plus_r101-d8_4xb4-80k_ade20k-512x512.py',
         dict(decode_head=dict(num_classes=171), auxiliary_head=dict(num_classes=171))),
        ('mask2former_r101_ade20k',
         'mmseg::mask2former/mask2former_r101_8xb2-160k_ade20k-512x512.py', {}),
        # detection (mmdet's R101 weights)
        ('gfl_r101_fpn_ms-2x_coco', 'mmdet::gfl/gfl_r101_fpn_ms-2x_coco.py', {}),
        ('retinanet_r101_fpn_1x_coco', 'mmdet::retinanet/retinanet_r101_fpn_1x_coco.py', {}),
        ('cascade-mask-rcnn_r101_1x_coco',
         'mmdet::cascade_rcnn/cascade-mask-rcnn_r101_fpn_1x_coco.py', {}),
    ]
}
# each student's fusion connector, from its backbone's stage channels (all four stages are
# fused onto the stride-8 map)
distillers = {
    name: dict(_base_.bckd_distiller, connectors=dict(
        fusion_S=dict(type='BCKDFusionConnector', in_channels=channels),
        fusion_T=_base_.teacher_fusion))
    for name, channels in [('mobilenetv2-d8', [24, 32, 96, 320]),
                           ('segformer-b0', [32, 64, 160, 256]),
                           ('resnet18-d8', [64, 128, 256, 512])]
}
feature_distillers = {
    name: dict(_base_.bckd_feature_distiller, connectors=distiller['connectors'])
    for name, distiller in distillers.items()
}
# the FPN's levels fused onto P3 (index 0 of a P3-P7 neck, index 1 of a P2-P6 one)
fpn_distillers = {
    name: dict(_base_.bckd_fpn_distiller, connectors=dict(
        fusion_S=dict(_base_.fpn_fusion.fusion_S, target_stage=stage),
        fusion_T=dict(_base_.fpn_fusion.fusion_T, target_stage=stage)))
    for name, stage in [('p3-p7', 0), ('p2-p6', 1)]
}
