# vKITTI2 RGB-D (LIX Sec. IV-A): 15 classes, images 1248x384, depth uint16 in cm -> metres.
# The paper's random 700-frame subset, split 5:2, goes in splits/{train,val}.txt
# (lines "Scene01/clone/Camera_0/00042"); see configs/lix/README.md.
_base_ = ['mmseg::_base_/default_runtime.py', 'lix_schedule.py']
num_classes = 15
crop_size = (384, 1248)
dataset_type = 'VKITTI2Dataset'
data_root = 'data/vkitti2'
load_x = dict(type='LoadXModalityFromFile', key='depth_path', scale=100.0, bit_depth=16)
train_pipeline = [
    dict(type='LoadImageFromFile'), load_x, dict(type='LoadVKITTI2Annotations'),
    dict(type='WithXModality', transforms=[
        dict(type='RandomResize', scale=(1248, 384), ratio_range=(0.5, 2.0), keep_ratio=True),
        dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75),
        dict(type='RandomFlip', prob=0.5)]),
    dict(type='PhotoMetricDistortion'), dict(type='ConcatXModality'), dict(type='PackSegInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'), load_x,
    dict(type='WithXModality', transforms=[dict(type='Resize', scale=(1248, 384))]),
    dict(type='LoadVKITTI2Annotations'), dict(type='ConcatXModality'), dict(type='PackSegInputs')
]
train_dataloader = dict(
    batch_size=3, num_workers=4, persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type=dataset_type, data_root=data_root, ann_file='splits/train.txt',
                 pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1, num_workers=4, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type=dataset_type, data_root=data_root, ann_file='splits/val.txt',
                 pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = [
    dict(type='IoUMetric', iou_metrics=['mIoU']),
    dict(type='FrequencyWeightedFscoreMetric', fscore_metrics=['mFsc', 'fwFsc', 'fwIoU'])
]
test_evaluator = val_evaluator
# Depth in metres: vKITTI2 sky is 655.35 m; statistics to be measured on the split.
rgbd_data_preprocessor = dict(
    type='RGBXDataPreProcessor', mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375],
    x_mean=[100.0], x_std=[150.0], bgr_to_rgb=True, pad_val=0, seg_pad_val=255, size=crop_size)
custom_imports = dict(imports=['mmkd_ext'], allow_failed_imports=False)
