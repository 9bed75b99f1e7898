import numpy as np


class TwoLayerNet(object):
    """affine - relu - affine - softmax; reg loss 0.5 * reg * sum(W**2)"""

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        N, D = X.shape

        h = X.dot(W1) + b1
        h = np.maximum(h, 0)
        scores = h.dot(W2) + b2
        if y is None:
            return scores

        exp = np.exp(scores)
        probs = exp / exp.sum(axis=1, keepdims=True)
        loss = -np.mean(np.log(probs[range(N), y]))
        loss += 0.5 * reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))

        dout = probs.copy()
        dout[:, y] -= 1
        dout /= N
        dW2 = h.T.dot(dout) + reg * W2
        db2 = dout.sum(axis=0)
        dh = dout.dot(W2.T)
        dh[h <= 0] = 0
        dW1 = X.T.dot(dh) + reg * W1
        db1 = dh.sum(axis=0)

        return loss, {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
