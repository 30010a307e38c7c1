# nuImages RGB-D (LIX Sec. IV-A): 25 classes, images 512x288; data from
# tools/dataset_converters/nuimages.py (800 random frames, 7:3), depth (Depth Anything,
# uint16 PNG, mm assumed) written by the user into depth_dir/{train,val}.
_base_ = ['mmseg::_base_/default_runtime.py', 'lix_schedule.py']
num_classes = 25
crop_size = (288, 512)
dataset_type = 'NuImagesSegDataset'
data_root = 'data/nuimages_seg'
load_x = dict(type='LoadXModalityFromFile', key='depth_path', scale=1000.0, bit_depth=16)
train_pipeline = [
    dict(type='LoadImageFromFile'), load_x, dict(type='LoadAnnotations'),
    dict(type='WithXModality', transforms=[
        dict(type='RandomResize', scale=(512, 288), ratio_range=(0.5, 2.0), keep_ratio=True),
        dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.75),
        dict(type='RandomFlip', prob=0.5)]),
    dict(type='PhotoMetricDistortion'), dict(type='ConcatXModality'), dict(type='PackSegInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'), load_x,
    dict(type='WithXModality', transforms=[dict(type='Resize', scale=(512, 288))]),
    dict(type='LoadAnnotations'), dict(type='ConcatXModality'), dict(type='PackSegInputs')
]
train_dataloader = dict(
    batch_size=8, num_workers=4, persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type=dataset_type, data_root=data_root,
                 data_prefix=dict(img_path='img_dir/train', seg_map_path='ann_dir/train',
                                  depth_path='depth_dir/train'),
                 pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1, num_workers=4, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type=dataset_type, data_root=data_root,
                 data_prefix=dict(img_path='img_dir/val', seg_map_path='ann_dir/val',
                                  depth_path='depth_dir/val'),
                 pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = [
    dict(type='IoUMetric', iou_metrics=['mIoU']),
    dict(type='FrequencyWeightedFscoreMetric', fscore_metrics=['mFsc', 'fwFsc', 'fwIoU'])
]
test_evaluator = val_evaluator
# Depth statistics (metres) to be measured on the split.
rgbd_data_preprocessor = dict(
    type='RGBXDataPreProcessor', mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375],
    x_mean=[20.0], x_std=[20.0], bgr_to_rgb=True, pad_val=0, seg_pad_val=255, size=crop_size)
custom_imports = dict(imports=['mmkd_ext'], allow_failed_imports=False)
