// backward.c -- two-layer net backprop (HW3)
// numpy -> C.  I go straight to ->data because gsl_matrix_get is slow
// (row i starts at data + i*tda, tda can be bigger than size2 for views!)

#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(M, i, j) ((M)->data[(i) * (M)->tda + (j)])
#define VAT(v, i)   ((v)->data[(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// out = A.T.dot(B)      A (K, n)  B (K, m)  out (n, m)
static void np_dot_TN(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    for (size_t i = 0; i < out->size1; i++)
        for (size_t j = 0; j < out->size2; j++)
        {
            double acc = 0.0;
            for (size_t k = 0; k < A->size1; k++)
                acc += AT(A, k, i) * AT(B, k, j);
            AT(out, i, j) = acc;
        }
}

// out = A.dot(B.T)      A (n, K)  B (m, K)  out (n, m)
static void np_dot_NT(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    for (size_t i = 0; i < out->size1; i++)
        for (size_t j = 0; j < out->size2; j++)
        {
            double acc = 0.0;
            for (size_t k = 0; k < A->size2; k++)
                acc += AT(A, i, k) * AT(B, j, k);
            AT(out, i, j) = acc;
        }
}

// v = A.sum(axis=0)
static void np_sum_axis0(const gsl_matrix *A, gsl_vector *v)
{
    for (size_t j = 0; j < A->size2; j++)
        VAT(v, j) = 0.0;
    for (size_t i = 0; i < A->size1; i++)
        for (size_t j = 0; j < A->size2; j++)
            VAT(v, j) += AT(A, i, j);
}

// A[mask <= 0] = 0   (in place, like dhidden[z1 <= 0] = 0)
static void np_where_positive(gsl_matrix *A, const gsl_matrix *mask)
{
    for (size_t i = 0; i < A->size1; i++)
        for (size_t j = 0; j < A->size2; j++)
            if (!(AT(mask, i, j) > 0.0))
                AT(A, i, j) = 0.0;
}

// A = a*A + b*B   (np_scale with an add, saves a temp)
static void np_scale(gsl_matrix *A, double a, const gsl_matrix *B, double b)
{
    for (size_t i = 0; i < A->size1; i++)
        for (size_t j = 0; j < A->size2; j++)
            AT(A, i, j) = a * AT(A, i, j) + (B ? b * AT(B, i, j) : 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dscores = probs; dscores[range(N), y] -= 1; dscores /= N
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        AT(g->dz2, i, y[i]) -= 1.0;
    np_scale(g->dz2, 1.0 / (double)N, NULL, 0.0);

    // dW2 = hidden.T @ dscores + 2 reg W2
    np_dot_TN(cache->p1, g->dz2, g->dW2);
    np_scale(g->dW2, 1.0, net->W2, 2.0 * reg);

    // db2
    np_sum_axis0(g->dz2, g->db2);

    // dhidden = dscores @ W2.T
    np_dot_NT(g->dz2, net->W2, g->dp1);

    // dz1: copy first, then kill where relu was off (do NOT do it on dp1!)
    gsl_matrix_memcpy(g->dz1, g->dp1);
    np_where_positive(g->dz1, cache->z1);

    // dW1 = X.T @ dz1 + 2 reg W1
    np_dot_TN(X, g->dz1, g->dW1);
    np_scale(g->dW1, 1.0, net->W1, 2.0 * reg);

    // db1
    np_sum_axis0(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
