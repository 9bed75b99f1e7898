/* backward.c -- backprop homework
 * helpers on the raw arrays (row r of M starts at M->data + r*M->tda) */
#include "backprop.h"

#define AT(M, r, c) ((M)->data[(r) * (M)->tda + (c)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* C = A' B */
void matmul_AtB(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
    for (size_t r = 0; r < C->size1; r++)
        for (size_t c = 0; c < C->size2; c++)
        {
            double s = 0;
            for (size_t k = 0; k < A->size1; k++)
                s += AT(A, k, r) * AT(B, k, c);
            AT(C, r, c) = s;
        }
}

/* C = A B' */
void matmul_ABt(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
    for (size_t r = 0; r < C->size1; r++)
        for (size_t c = 0; c < C->size2; c++)
        {
            double s = 0;
            for (size_t k = 0; k < A->size2; k++)
                s += AT(A, r, k) * AT(B, c, k);
            AT(C, r, c) = s;
        }
}

void colsum(const gsl_matrix *A, gsl_vector *v)
{
    for (size_t c = 0; c < A->size2; c++)
    {
        double s = 0;
        for (size_t r = 0; r < A->size1; r++)
            s += AT(A, r, c);
        v->data[c * v->stride] = s;
    }
}

void hadamard(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
    for (size_t r = 0; r < A->size1; r++)
        for (size_t c = 0; c < A->size2; c++)
            AT(C, r, c) = AT(A, r, c) * AT(B, r, c);
}

void relu_mask(const gsl_matrix *Z, gsl_matrix *M)
{
    for (size_t r = 0; r < Z->size1; r++)
        for (size_t c = 0; c < Z->size2; c++)
            AT(M, r, c) = AT(Z, r, c) > 0 ? 1.0 : 0.0;
}

/* A += s B */
void add_scaled(gsl_matrix *A, const gsl_matrix *B, double s)
{
    for (size_t r = 0; r < A->size1; r++)
        for (size_t c = 0; c < A->size2; c++)
            AT(A, r, c) += s * AT(B, r, c);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    gsl_matrix *delta, *mask;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;
    delta = gsl_matrix_alloc(N, net->C);
    mask = gsl_matrix_alloc(N, net->H);
    if (delta == NULL || mask == NULL) {
        gsl_matrix_free(delta);
        gsl_matrix_free(mask);
        return 1;
    }

    /* delta = probs with 1 taken off at the true class */
    gsl_matrix_memcpy(delta, cache->prob);
    for (size_t i = 0; i < N; i++)
        AT(delta, i, y[i]) -= 1.0;

    /* dz2 = delta / N */
    gsl_matrix_set_zero(g->dz2);
    add_scaled(g->dz2, delta, 1.0 / N);

    matmul_AtB(cache->p1, g->dz2, g->dW2);
    add_scaled(g->dW2, net->W2, 2 * reg);
    colsum(g->dz2, g->db2);
    matmul_ABt(delta, net->W2, g->dp1);     /* dp1 = dz2 W2' */

    relu_mask(cache->z1, mask);
    hadamard(g->dp1, mask, g->dz1);

    matmul_AtB(X, g->dz1, g->dW1);
    add_scaled(g->dW1, net->W1, 2 * reg);
    colsum(g->dz1, g->db1);

    gsl_matrix_free(mask);
    gsl_matrix_free(delta);
    g->present = BP_GRADS_ALL;
    return 0;
}
