# SNE-RoadSeg-like RGB-D teacher (duplex ResNet-152, intermediate fusion), KITTI Semantics.
_base_ = ['_base_/kitti_semantics_rgbd.py', '_base_/sne_roadseg_rgbd.py']
model = dict(data_preprocessor=_base_.rgbd_data_preprocessor,
             decode_head=dict(num_classes=_base_.num_classes))
