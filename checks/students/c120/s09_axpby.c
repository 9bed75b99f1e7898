// backward.c -- two-layer net, hand-written backward pass
// All matrix work is in the helpers below (written like the BLAS ones).

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// C = A^T B
static void matmul_AtB(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C) {
    size_t K = A->size1, M = A->size2, P = B->size2;
    for (size_t m = 0; m < M; m++) {
        for (size_t p = 0; p < P; p++) {
            double s = 0.0;
            for (size_t k = 0; k < K; k++)
                s += A->data[k * A->tda + m] * B->data[k * B->tda + p];
            C->data[m * C->tda + p] = s;
        }
    }
}

// C = A B^T
static void matmul_ABt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C) {
    size_t M = A->size1, K = A->size2, P = B->size1;
    for (size_t m = 0; m < M; m++) {
        for (size_t p = 0; p < P; p++) {
            double s = 0.0;
            for (size_t k = 0; k < K; k++)
                s += A->data[m * A->tda + k] * B->data[p * B->tda + k];
            C->data[m * C->tda + p] = s;
        }
    }
}

// v = column sums of A
static void colsum(const gsl_matrix *A, gsl_vector *v) {
    for (size_t j = 0; j < A->size2; j++) {
        double s = 0.0;
        for (size_t i = 0; i < A->size1; i++)
            s += A->data[i * A->tda + j];
        gsl_vector_set(v, j, s);
    }
}

// out = dout * (z > 0)
static void relu_mask(const gsl_matrix *dout, const gsl_matrix *z, gsl_matrix *out) {
    for (size_t i = 0; i < z->size1; i++)
        for (size_t j = 0; j < z->size2; j++)
            out->data[i * out->tda + j] =
                z->data[i * z->tda + j] > 0 ? dout->data[i * dout->tda + j] : 0.0;
}

// Y = alpha*Y + beta*X   (like axpby)
static void add_scaled(gsl_matrix *Y, const gsl_matrix *X, double alpha, double beta) {
    for (size_t i = 0; i < Y->size1; i++)
        for (size_t j = 0; j < Y->size2; j++)
            Y->data[i * Y->tda + j] = alpha * Y->data[i * Y->tda + j]
                                      + beta * X->data[i * X->tda + j];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dz2 = (softmax - onehot) / N
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        g->dz2->data[i * g->dz2->tda + y[i]] -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    // second layer: dW2 = p1^T dz2 + 2 reg W2
    matmul_AtB(cache->p1, g->dz2, g->dW2);
    add_scaled(g->dW2, net->W2, 2 * reg, 1.0);
    colsum(g->dz2, g->db2);
    matmul_ABt(g->dz2, net->W2, g->dp1);

    relu_mask(g->dp1, cache->z1, g->dz1);

    // first layer: dW1 = X^T dz1 + 2 reg W1
    matmul_AtB(X, g->dz1, g->dW1);
    add_scaled(g->dW1, net->W1, 1.0, 2 * reg);
    colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
