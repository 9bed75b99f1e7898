// backward.c -- backprop for the 2 layer network (systems for ML, lab 4)
//
// forward (from net.h):
//   z1 = X W1 + b1 ; p1 = relu(z1) ; z2 = p1 W2 + b2 ; prob = softmax(z2)
//   L  = mean_i(-log prob[i][y_i]) + reg*(sum W1^2 + sum W2^2)
//
// backward:
//   dz2[i][j] = (prob[i][j] - (j==y_i)) / N
//   dW2[k][j] = sum_i p1[i][k] dz2[i][j] + 2 reg W2[k][j]
//   db2[j]    = sum_i dz2[i][j]
//   dp1[i][k] = sum_j dz2[i][j] W2[k][j]
//   dz1[i][k] = z1[i][k] > 0 ? dp1[i][k] : 0
//   dW1[m][k] = sum_i X[i][m] dz1[i][k] + 2 reg W1[m][k]
//   db1[k]    = sum_i dz1[i][k]

#include <string.h>
#include <backprop/net.h>
#include <backprop/grads.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    double *dz = g->dz2->data;   size_t ldz = g->dz2->tda;
    double *dp = g->dp1->data;   size_t ldp = g->dp1->tda;
    double *dh = g->dz1->data;   size_t ldh = g->dz1->tda;
    double *gW2 = g->dW2->data;  size_t lg2 = g->dW2->tda;
    double *gW1 = g->dW1->data;  size_t lg1 = g->dW1->tda;
    double *gb2 = g->db2->data;
    double *gb1 = g->db1->data;

    const double *P  = cache->prob->data; size_t ldP  = cache->prob->tda;
    const double *A  = cache->p1->data;   size_t ldA  = cache->p1->tda;
    const double *Z  = cache->z1->data;   size_t ldZ  = cache->z1->tda;
    const double *Xp = X->data;           size_t ldX  = X->tda;
    const double *W1 = net->W1->data;     size_t ldW1 = net->W1->tda;
    const double *W2 = net->W2->data;     size_t ldW2 = net->W2->tda;

    // dz2
    for (size_t i = 0; i < N; i++) {
        const double *src = P + i * ldP;
        double *dst = dz + i * ldz;
        for (size_t j = 0; j < C; j++)
            dst[j] = src[j];
        dst[y[i]] -= 1.0;
        for (size_t j = 0; j < C; j++)
            dst[j] /= (double) N;
    }

    // dW2
    for (size_t k = 0; k < H; k++) {
        for (size_t j = 0; j < C; j++) {
            double acc = 0.0;
            for (size_t i = 0; i < N; i++)
                acc += A[i * ldA + k] * dz[i * ldz + j];
            gW2[k * lg2 + j] = acc + 2.0 * reg * W2[k * ldW2 + j];
        }
    }

    // db2: add up dz2 over the samples
    for (size_t j = 0; j < C; j++) {
        double acc = 0.0;
        for (size_t i = 0; i < N; i++)
            acc += dz[j * ldz + i];
        gb2[j] = acc;
    }

    // dp1
    for (size_t i = 0; i < N; i++) {
        for (size_t k = 0; k < H; k++) {
            double acc = 0.0;
            for (size_t j = 0; j < C; j++)
                acc += dz[i * ldz + j] * W2[k * ldW2 + j];
            dp[i * ldp + k] = acc;
        }
    }

    // dz1 (relu backward)
    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < H; k++)
            dh[i * ldh + k] = (Z[i * ldZ + k] > 0.0) ? dp[i * ldp + k] : 0.0;

    // dW1
    for (size_t m = 0; m < D; m++) {
        for (size_t k = 0; k < H; k++) {
            double acc = 0.0;
            for (size_t i = 0; i < N; i++)
                acc += Xp[i * ldX + m] * dh[i * ldh + k];
            gW1[m * lg1 + k] = acc + 2.0 * reg * W1[m * ldW1 + k];
        }
    }

    // db1
    for (size_t k = 0; k < H; k++) {
        double acc = 0.0;
        for (size_t i = 0; i < N; i++)
            acc += dh[i * ldh + k];
        gb1[k] = acc;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
