// backward.c  (Ben Aldridge)
// raw pointer version, row-major: A[i][j] = A->data[i*A->tda + j]

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    double *dz2 = g->dz2->data;   size_t ldz2 = g->dz2->tda;
    double *dp1 = g->dp1->data;   size_t ldp1 = g->dp1->tda;
    double *dz1 = g->dz1->data;   size_t ldz1 = g->dz1->tda;
    double *dW2 = g->dW2->data;   size_t ldW2 = g->dW2->tda;
    double *dW1 = g->dW1->data;   size_t ldW1 = g->dW1->tda;
    const double *P  = cache->prob->data; size_t lP  = cache->prob->tda;
    const double *p1 = cache->p1->data;   size_t lp1 = cache->p1->tda;
    const double *x  = X->data;           size_t lx  = X->tda;
    const double *W2 = net->W2->data;     size_t lW2 = net->W2->tda;
    const double *W1 = net->W1->data;     size_t lW1 = net->W1->tda;

    // dz2
    for (size_t i = 0; i < N; i++)
        for (size_t c = 0; c < C; c++)
            dz2[i*ldz2 + c] = (P[i*lP + c] - (c == y[i])) / (double)N;

    // dW2
    for (size_t h = 0; h < H; h++)
        for (size_t c = 0; c < C; c++) {
            double s = 0;
            for (size_t i = 0; i < N; i++) s += p1[i*lp1 + h] * dz2[i*ldz2 + c];
            dW2[h*ldW2 + c] = s + 2*reg*W2[h*lW2 + c];
        }

    // db2
    for (size_t c = 0; c < C; c++) {
        double s = 0;
        for (size_t i = 0; i < N; i++) s += dz2[i*ldz2 + c];
        gsl_vector_set(g->db2, c, s);
    }

    // dp1
    for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < H; h++) {
            double s = 0;
            for (size_t c = 0; c < C; c++) s += dz2[i*ldz2 + c] * W2[h*lW2 + c];
            dp1[i*ldp1 + h] = s;
        }

    // dz1 : relu passes gradient only where positive
    for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < H; h++)
            dz1[i*ldz1 + h] = dp1[i*ldp1 + h] > 0 ? dp1[i*ldp1 + h] : 0.0;

    // dW1
    for (size_t d = 0; d < D; d++)
        for (size_t h = 0; h < H; h++) {
            double s = 0;
            for (size_t i = 0; i < N; i++) s += x[i*lx + d] * dz1[i*ldz1 + h];
            dW1[d*ldW1 + h] = s + 2*reg*W1[d*lW1 + h];
        }

    // db1
    for (size_t h = 0; h < H; h++) {
        double s = 0;
        for (size_t i = 0; i < N; i++) s += dz1[i*ldz1 + h];
        gsl_vector_set(g->db1, h, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
