# DeepLabV3+ MobileNetV2-d8 student on COCO-Stuff 10k (mmseg ships it for ADE20K/Cityscapes).
_base_ = ['mmseg::_base_/models/deeplabv3plus_r50-d8.py',
          'mmseg::_base_/datasets/coco-stuff10k.py', 'mmseg::_base_/default_runtime.py',
          'mmseg::_base_/schedules/schedule_20k.py']
crop_size = (512, 512)
# the Runner gives a model without its own data_preprocessor the top-level one (a
# distillation algorithm then pads to this size): keep it the student's
data_preprocessor = dict(size=crop_size)
model = dict(
    data_preprocessor=data_preprocessor,
    pretrained='mmcls://mobilenet_v2',
    backbone=dict(_delete_=True, type='MobileNetV2', widen_factor=1.,
                  strides=(1, 2, 2, 1, 1, 1, 1), dilations=(1, 1, 1, 2, 2, 4, 4),
                  out_indices=(1, 2, 4, 6), norm_cfg=dict(type='SyncBN', requires_grad=True)),
    decode_head=dict(in_channels=320, c1_in_channels=24, num_classes=171),
    auxiliary_head=dict(in_channels=96, num_classes=171))
