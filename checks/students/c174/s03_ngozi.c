/* Ngozi E. -- lab 3 backprop
 * I work on the raw arrays (data + tda) through small helpers */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* Out = A^T B   (A is n x r, B is n x c) */
static void mul_AtB(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *Out)
{
    size_t r, c, n;
    for (r = 0; r < Out->size1; r++)
        for (c = 0; c < Out->size2; c++)
        {
            double s = 0.0;
            for (n = 0; n < A->size1; n++)
                s += A->data[n * A->tda + r] * B->data[n * B->tda + c];
            Out->data[r * Out->tda + c] = s;
        }
}

/* Out = A B^T   (A is n x k, B is m x k) */
static void mul_ABt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *Out)
{
    size_t r, c, k;
    for (r = 0; r < Out->size1; r++)
        for (c = 0; c < Out->size2; c++)
        {
            double s = 0.0;
            for (k = 0; k < A->size2; k++)
                s += A->data[r * A->tda + k] * B->data[c * B->tda + k];
            Out->data[r * Out->tda + c] = s;
        }
}

/* v[c] = sum of column c of A */
static void col_sum(const gsl_matrix *A, gsl_vector *v)
{
    size_t r, c;
    for (c = 0; c < A->size2; c++)
    {
        double s = 0.0;
        for (r = 0; r < A->size1; r++)
            s += A->data[r * A->tda + c];
        v->data[c * v->stride] = s;
    }
}

/* dW += 2 reg W */
static void add_reg(gsl_matrix *dW, const gsl_matrix *W, double reg)
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
    size_t i, j;
    double *dz2 = g->dz2->data, *dz1 = g->dz1->data;
    const double *pr = cache->prob->data, *z1 = cache->z1->data, *dp1 = g->dp1->data;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* scores */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            dz2[i * g->dz2->tda + j] = (pr[i * cache->prob->tda + j] - (j == y[i] ? 1.0 : 0.0)) / (double) N;

    /* second layer */
    mul_AtB(cache->p1, g->dz2, g->dW2);
    add_reg(g->dW2, net->W2, reg);
    col_sum(g->dz2, g->db2);

    /* back to hidden */
    mul_ABt(g->dz2, net->W2, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            dz1[i * g->dz1->tda + j] = z1[i * cache->z1->tda + j] > 0.0 ? dp1[i * g->dp1->tda + j] : 0.0;

    /* first layer */
    mul_AtB(X, g->dz1, g->dW1);
    add_reg(g->dW1, net->W1, reg);
    col_sum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
