/*
 * NN course - C assignment: backward pass
 * Group 7 (A. Kulkarni, R. Iyer)
 *
 * We access the matrices directly through ->data since gsl_matrix_get is
 * slow (element (i,j) is data[i*tda + j], tda is the row stride).
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* C = A^T * B  (A is n x p, B is n x q, C is p x q) */
static void mat_tmul(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *Cm)
{
    size_t n = A->size1, p = A->size2, q = B->size2;
    size_t r, c, t;
    for (r = 0; r < p; r++) {
        for (c = 0; c < q; c++) {
            double s = 0;
            for (t = 0; t < n; t++)
                s += A->data[t * A->tda + r] * B->data[t * B->tda + c];
            Cm->data[r * Cm->tda + c] = s;
        }
    }
}

/* out = column sums of A */
static void col_sum(const gsl_matrix *A, gsl_vector *out)
{
    size_t r, c;
    for (c = 0; c < A->size2; c++) {
        double s = 0;
        for (r = 0; r < A->size1; r++)
            s += A->data[r * A->tda + c];
        out->data[c * out->stride] = s;
    }
}

/* dW += 2*reg*W  (L2 regularisation gradient) */
static void add_l2(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    size_t r, c;
    for (r = 0; r < W->size1; r++)
        for (c = 0; c < W->size2; c++)
            dW->data[r * dW->tda + c] += 2.0 * reg * W->data[r * W->tda + c];
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, k;
    double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* softmax + cross entropy: dz2 = (p - 1{j == y_i}) / N */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            dz2[i * g->dz2->tda + j] = (cache->prob->data[i * cache->prob->tda + j]
                                        - (j == y[i] ? 1.0 : 0.0)) / (double) N;

    /* second layer */
    mat_tmul(cache->p1, g->dz2, g->dW2);
    add_l2(g->dW2, net->W2, reg);
    col_sum(g->dz2, g->db2);

    /* dp1 = dz2 W2^T */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (k = 0; k < C; k++)
                s += dz2[i * g->dz2->tda + k] * net->W2->data[j * net->W2->tda + k];
            dp1[i * g->dp1->tda + j] = s;
        }

    /* relu'(z1) is 1 for z1 > 0 and 0 otherwise */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            dz1[i * g->dz1->tda + j] = cache->z1->data[i * cache->z1->tda + j] > 0
                                       ? dp1[i * g->dp1->tda + j] : 0.0;

    /* first layer */
    mat_tmul(X, g->dz1, g->dW1);
    add_l2(g->dW1, net->W1, reg);
    col_sum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
