import numpy as np


class TwoLayerNet(object):
    """input -> affine -> relu -> affine -> softmax, 0.5 * reg * ||W||^2"""

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        N = X.shape[0]

        z1 = np.matmul(X, W1) + b1
        h1 = np.maximum(0, z1)
        scores = np.matmul(h1, W2)
        if y is None:
            return scores

        lse = np.log(np.sum(np.exp(scores), axis=1))
        loss = np.mean(lse - scores[np.arange(N), y])
        loss += 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        probs = np.exp(scores - lse[:, np.newaxis])
        dscores = probs
        dscores[np.arange(N), y] -= 1
        dscores /= N
        dW2 = np.matmul(h1.T, dscores) + reg * W2
        db2 = np.sum(dscores, axis=0)
        dh1 = np.matmul(dscores, W2.T)
        dz1 = np.where(z1 > 0, dh1, 0)
        dW1 = np.matmul(X.T, dz1) + reg * W1
        db1 = np.sum(dz1, axis=0)

        grads = {}
        grads['W1'] = dW1
        grads['b1'] = db1
        grads['W2'] = dW2
        grads['b2'] = db2
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
