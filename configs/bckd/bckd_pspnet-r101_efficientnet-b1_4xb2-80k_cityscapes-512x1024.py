# BCKD, Table II pair: PSPNet-R101 -> PSPNet head on MMDetection's EfficientNet-B1 (stages 2-5:
# 24/40/112/320 channels at strides 4/8/16/32; the head reads the stride-32 map, the auxiliary
# FCN stage 4), Cityscapes. Same teacher, distiller and schedule as the PSPNet-R18 config.
_base_ = ['./bckd_pspnet-r101_pspnet-r18_4xb2-80k_cityscapes-512x1024.py']

model = dict(
    architecture=dict(
        pretrained=None,  # ImageNet weights: backbone.init_cfg=dict(type='Pretrained', ...)
        backbone=dict(_delete_=True, type='mmdet.EfficientNet', arch='b1',
                      out_indices=(2, 3, 4, 5),
                      norm_cfg=dict(type='SyncBN', requires_grad=True, eps=1e-3, momentum=0.01)),
        decode_head=dict(in_channels=320, in_index=3, channels=128),
        auxiliary_head=dict(in_channels=112, in_index=2, channels=64)),
    distiller=dict(connectors=dict(fusion_S=dict(in_channels=[24, 40, 112, 320]))))
